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
    <field name="part_code" configurationFlags="None">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option name="IsMultiline" value="false" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="taken_at" configurationFlags="None">
      <editWidget type="DateTime">
        <config>
          <Option type="Map">
            <Option name="display_format" value="yyyy-MM-dd HH:mm" type="QString"/>
            <Option name="field_iso_format" value="true" type="bool"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field name="actor" configurationFlags="None">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="mime" configurationFlags="None">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="bytes" configurationFlags="None">
      <editWidget type="Binary">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="thumbnail" configurationFlags="None">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field name="note" configurationFlags="None">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
  </fieldConfiguration>
  <aliases>
    <alias name="" field="id" index="0"/>
    <alias name="" field="part_code" index="1"/>
    <alias name="" field="taken_at" index="2"/>
    <alias name="" field="actor" index="3"/>
    <alias name="" field="mime" index="4"/>
    <alias name="" field="bytes" index="5"/>
    <alias name="" field="thumbnail" index="6"/>
    <alias name="" field="note" index="7"/>
  </aliases>
  <defaults>
    <default expression="" field="id" applyOnUpdate="0"/>
    <default expression="" field="part_code" applyOnUpdate="0"/>
    <default expression="" field="taken_at" applyOnUpdate="0"/>
    <default expression="" field="actor" applyOnUpdate="0"/>
    <default expression="" field="mime" applyOnUpdate="0"/>
    <default expression="" field="bytes" applyOnUpdate="0"/>
    <default expression="" field="thumbnail" applyOnUpdate="0"/>
    <default expression="" field="note" applyOnUpdate="0"/>
  </defaults>
  <constraints>
    <constraint field="id" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="part_code" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="taken_at" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="actor" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="mime" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="bytes" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="thumbnail" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
    <constraint field="note" exp_strength="0" constraints="0" unique_strength="0" notnull_strength="0"/>
  </constraints>
  <constraintExpressions>
    <constraint field="id" desc="" exp=""/>
    <constraint field="part_code" desc="" exp=""/>
    <constraint field="taken_at" desc="" exp=""/>
    <constraint field="actor" desc="" exp=""/>
    <constraint field="mime" desc="" exp=""/>
    <constraint field="bytes" desc="" exp=""/>
    <constraint field="thumbnail" desc="" exp=""/>
    <constraint field="note" desc="" exp=""/>
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
    <attributeEditorHtmlElement name="Photo" showLabel="0">&lt;div style="text-align:center">&lt;script>var b = expression.evaluate('to_base64(coalesce("thumbnail", "bytes"))');var m = expression.evaluate('coalesce("mime", \'image/jpeg\')');if (b) { document.write('&lt;img style="max-width:100%;max-height:320px" src="data:' + m + ';base64,' + b + '">'); }&lt;/script>&lt;/div></attributeEditorHtmlElement>
    <attributeEditorField name="note" index="7" showLabel="1"/>
    <attributeEditorField name="taken_at" index="2" showLabel="1"/>
    <attributeEditorField name="actor" index="3" showLabel="1"/>
    <attributeEditorField name="bytes" index="5" showLabel="1"/>
  </attributeEditorForm>
  <editable>
    <field name="actor" editable="0"/>
    <field name="id" editable="0"/>
    <field name="mime" editable="0"/>
    <field name="part_code" editable="0"/>
    <field name="taken_at" editable="0"/>
    <field name="thumbnail" editable="0"/>
  </editable>
  <labelOnTop/>
  <reuseLastValue/>
  <dataDefinedFieldProperties/>
  <widgets/>
  <layerGeometryType>4</layerGeometryType>
</qgis>
