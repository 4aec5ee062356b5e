<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Fields|Forms">
  <fieldConfiguration>
    <field name="id" configurationFlags="None">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="run_id" configurationFlags="None">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="code" configurationFlags="None">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option name="IsMultiline" value="false" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="change" configurationFlags="None">
      <editWidget type="ValueMap">
        <config>
          <Option type="Map">
            <Option name="map"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="changed_fields" configurationFlags="None">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option name="IsMultiline" value="false" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="actor" configurationFlags="None">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option name="IsMultiline" value="false" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="at" configurationFlags="None">
      <editWidget type="DateTime">
        <config>
          <Option type="Map">
            <Option name="calendar_popup" value="false" type="bool"/>
            <Option name="display_format" value="yyyy-MM-dd HH:mm:ss" type="QString"/>
            <Option name="field_iso_format" value="true" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="old_values" configurationFlags="None">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option name="IsMultiline" value="true" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="new_values" configurationFlags="None">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option name="IsMultiline" value="true" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="version" configurationFlags="None">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="restored_from" configurationFlags="None">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
  </fieldConfiguration>
  <aliases>
    <alias name="" field="id" index="0"/>
    <alias name="" field="run_id" index="1"/>
    <alias name="" field="code" index="2"/>
    <alias name="" field="change" index="3"/>
    <alias name="" field="changed_fields" index="4"/>
    <alias name="" field="actor" index="5"/>
    <alias name="" field="at" index="6"/>
    <alias name="" field="old_values" index="7"/>
    <alias name="" field="new_values" index="8"/>
    <alias name="" field="version" index="9"/>
    <alias name="" field="restored_from" index="10"/>
  </aliases>
  <defaults>
    <default expression="" field="id" applyOnUpdate="0"/>
    <default expression="" field="run_id" applyOnUpdate="0"/>
    <default expression="" field="code" applyOnUpdate="0"/>
    <default expression="" field="change" applyOnUpdate="0"/>
    <default expression="" field="changed_fields" applyOnUpdate="0"/>
    <default expression="" field="actor" applyOnUpdate="0"/>
    <default expression="" field="at" applyOnUpdate="0"/>
    <default expression="" field="old_values" applyOnUpdate="0"/>
    <default expression="" field="new_values" applyOnUpdate="0"/>
    <default expression="" field="version" applyOnUpdate="0"/>
    <default expression="" field="restored_from" applyOnUpdate="0"/>
  </defaults>
  <constraints>
    <constraint field="id" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="run_id" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="code" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="change" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="changed_fields" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="actor" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="at" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="old_values" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="new_values" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="version" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="restored_from" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
  </constraints>
  <constraintExpressions>
    <constraint field="id" desc="" exp=""/>
    <constraint field="run_id" desc="" exp=""/>
    <constraint field="code" desc="" exp=""/>
    <constraint field="change" desc="" exp=""/>
    <constraint field="changed_fields" desc="" exp=""/>
    <constraint field="actor" desc="" exp=""/>
    <constraint field="at" desc="" exp=""/>
    <constraint field="old_values" desc="" exp=""/>
    <constraint field="new_values" desc="" exp=""/>
    <constraint field="version" desc="" exp=""/>
    <constraint field="restored_from" desc="" exp=""/>
  </constraintExpressions>
  <expressionfields/>
  <editform tolerant="1"></editform>
  <editforminit/>
  <editforminitcodesource>0</editforminitcodesource>
  <editforminitfilepath></editforminitfilepath>
  <editforminitcode><![CDATA[]]></editforminitcode>
  <featformsuppress>0</featformsuppress>
  <editorlayout>tablayout</editorlayout>
  <attributeEditorForm>
    <attributeEditorContainer name="Change" groupBox="0" visibilityExpressionEnabled="0" visibilityExpression="" showLabel="1" columnCount="1">
      <attributeEditorField name="code" index="2" showLabel="1"/>
      <attributeEditorField name="version" index="9" showLabel="1"/>
      <attributeEditorField name="change" index="3" showLabel="1"/>
      <attributeEditorField name="at" index="6" showLabel="1"/>
      <attributeEditorField name="actor" index="5" showLabel="1"/>
      <attributeEditorField name="changed_fields" index="4" showLabel="1"/>
      <attributeEditorField name="run_id" index="1" showLabel="1"/>
      <attributeEditorField name="restored_from" index="10" showLabel="1"/>
      <attributeEditorAction name="{00000000-0000-0000-0000-000000000000}" ActionUUID="{6f2c1c7e-0d3b-4f0e-9a55-2b1d8c3e4a14}" showLabel="1"/>
    </attributeEditorContainer>
    <attributeEditorContainer name="Values" groupBox="0" visibilityExpressionEnabled="0" visibilityExpression="" showLabel="1" columnCount="1">
      <attributeEditorField name="old_values" index="7" showLabel="1"/>
      <attributeEditorField name="new_values" index="8" showLabel="1"/>
    </attributeEditorContainer>
  </attributeEditorForm>
  <editable>
    <field name="actor" editable="0"/>
    <field name="at" editable="0"/>
    <field name="change" editable="0"/>
    <field name="changed_fields" editable="0"/>
    <field name="code" editable="0"/>
    <field name="id" editable="0"/>
    <field name="new_values" editable="0"/>
    <field name="old_values" editable="0"/>
    <field name="restored_from" editable="0"/>
    <field name="run_id" editable="0"/>
    <field name="version" editable="0"/>
  </editable>
  <labelOnTop/>
  <reuseLastValue/>
  <dataDefinedFieldProperties/>
  <widgets/>
  <layerGeometryType>0</layerGeometryType>
</qgis>
